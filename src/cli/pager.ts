import { spawn } from 'node:child_process';

/**
 * Shows long text in the user's pager ($PAGER, else `less`) when writing to a terminal, and
 * prints it plainly otherwise (pipes, scripts, tests).
 */
export async function page(text: string, write: (text: string) => void): Promise<void> {
  if (!process.stdout.isTTY) return write(text);
  const [command, ...args] = (process.env.PAGER ?? 'less -R').split(/\s+/).filter(Boolean);
  await new Promise<void>((resolve) => {
    const pager = spawn(command!, args, { stdio: ['pipe', 'inherit', 'inherit'] });
    pager.on('error', () => {
      write(text);
      resolve();
    });
    pager.on('close', () => resolve());
    pager.stdin.on('error', () => undefined); // the reader quit before the end
    pager.stdin.end(text);
  });
}
