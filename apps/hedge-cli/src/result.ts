import { EXIT_FAILED, EXIT_OK } from '@dn/connect';

/** What a command hands back: the JSON for `--json`, the text for a person, and the exit code. */
export interface CommandResult {
  data: Record<string, unknown>;
  text: string;
  code: number;
}

export const ok = (data: Record<string, unknown>, text: string): CommandResult => ({ data, text, code: EXIT_OK });
export const failed = (data: Record<string, unknown>, text: string): CommandResult => ({
  data,
  text,
  code: EXIT_FAILED,
});
