import { INestApplicationContext } from '@nestjs/common';

/** Where a command writes what the person reads (stdout by default; tests pass their own). */
export type CliOutput = Pick<NodeJS.WriteStream, 'write'>;

/**
 * One `npm run cli -- <name> ...` command. `run` gets the arguments after the name and a
 * booted Nest application context, and returns the process exit code (0 ok, 1 failed,
 * 2 usage).
 */
export interface CliCommand {
  name: string;
  usage: string;
  description: string;
  /** Start the background job workers in this process (off unless a command needs them). */
  jobs?: boolean;
  run(args: readonly string[], app: INestApplicationContext, out?: CliOutput): Promise<number>;
}
