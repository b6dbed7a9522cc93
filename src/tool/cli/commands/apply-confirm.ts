import { createInterface } from 'node:readline/promises';

/**
 * Asks a yes/no question on the terminal; anything but y/yes is no. Ctrl-C at the prompt reaches the
 * process as SIGINT (readline would otherwise swallow it in raw mode), which aborts `signal`.
 */
export async function confirm(question: string, signal?: AbortSignal): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  rl.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
  try {
    const answer = await rl.question(question, signal ? { signal } : {});
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
