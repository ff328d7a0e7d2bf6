import { InvalidArgumentError } from 'commander';

/** commander argument parser for a TCP port: rejects anything but an integer 0–65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a port number (0–65535).`);
  }
  return port;
}

/** commander argument parser for a positive integer count. */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) {
    throw new InvalidArgumentError(`"${value}" is not a positive whole number.`);
  }
  return n;
}
