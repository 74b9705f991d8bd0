export function normaliseAddress(address: string): string;
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: number): string | null;
export function trustedProxyCount(value: string | undefined): number;
