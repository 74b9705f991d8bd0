"use client";

import { DeliveryList } from "./delivery-list";
import { webhooksBase } from "./types";

/** The alert page's "Webhook deliveries" section: every delivery of this alert and how it went. */
export function AlertDeliveries({ orgId, projectId, alertId }: { orgId: string; projectId: string; alertId: string }) {
  return (
    <section aria-labelledby="alert-deliveries-heading" className="space-y-2">
      <h2 id="alert-deliveries-heading" className="text-sm font-semibold text-slate-800">
        Webhook deliveries
      </h2>
      <DeliveryList
        url={`${webhooksBase(orgId, projectId)}/deliveries?alertId=${encodeURIComponent(alertId)}`}
        queryKey={["alert", alertId]}
        showWebhook
        empty="No webhook was sent for this alert: add a webhook to the project or to its rule to be told of alerts like this one."
      />
    </section>
  );
}
