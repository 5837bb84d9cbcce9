import * as fs from 'node:fs/promises';

/** Operator commands the running bot accepts between steps. */
export type BotCommand = 'force_rotation';

export interface CommandSource {
  /** The next pending command, removed from the source; undefined when there is none. */
  take(): Promise<BotCommand | undefined>;
}

const KNOWN: ReadonlySet<string> = new Set<BotCommand>(['force_rotation']);

/**
 * Commands dropped into a file (`echo force_rotation > <file>`): read and deleted at the next step, so each is acted on
 * once. An unknown word is deleted too and reported, so a typo does not sit there forever.
 */
export function commandFile(path: string, onUnknown: (word: string) => void = () => undefined): CommandSource {
  return {
    async take() {
      let text: string;
      try {
        text = await fs.readFile(path, 'utf8');
      } catch {
        return undefined;
      }
      await fs.rm(path, { force: true });
      const word = text.trim().split(/\s+/)[0] ?? '';
      if (KNOWN.has(word)) return word as BotCommand;
      onUnknown(word);
      return undefined;
    },
  };
}
