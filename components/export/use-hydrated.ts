"use client";

import { useSyncExternalStore } from "react";

// False in the server render and during hydration, true after: forms keep their controls disabled
// until React owns them, so nothing chosen before hydration is silently reset or submitted natively.
const noSubscription = () => () => undefined;

export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}
