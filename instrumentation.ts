// Next.js calls register() once when a server process starts: the Node.js server
// runs Warden's background tasks (webhook deliveries, export jobs, retention).
// WARDEN_WORKER=0 turns them off, for a process that should only serve requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.WARDEN_WORKER === "0") return;
  const { startBackgroundTasks } = await import("./lib/jobs/start");
  startBackgroundTasks();
}
