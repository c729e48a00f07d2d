// Everything the bench starts or creates registers how to undo it here; the
// steps run last-in first-out when the run ends, fails or is interrupted
// (Ctrl-C), so no server, browser or database is left behind.
type Step = { label: string; run: () => Promise<unknown> };
const steps: Step[] = [];

/** Registers an undo step; the returned function runs it now (once) and unregisters it. */
export function onCleanup(label: string, run: () => Promise<unknown>): () => Promise<void> {
  const step: Step = { label, run };
  steps.push(step);
  return async () => {
    const index = steps.indexOf(step);
    if (index === -1) return;
    steps.splice(index, 1);
    await step.run();
  };
}

export async function cleanupAll(): Promise<void> {
  while (steps.length) {
    const step = steps.pop()!;
    try {
      await step.run();
    } catch (error) {
      console.error(`Cleanup (${step.label}) failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
