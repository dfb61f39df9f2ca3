export interface CliCommand {
  /** One line for `bitlab` without arguments. */
  summary: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}
