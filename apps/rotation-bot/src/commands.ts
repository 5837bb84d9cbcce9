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

/** Commands handed over in process (a signal handler pushes them); taken once each, oldest first. */
export class CommandQueue implements CommandSource {
  private readonly pending: BotCommand[] = [];

  push(command: BotCommand): void {
    // One pending force_rotation is enough: a signal sent twice before the next step rotates once.
    if (!this.pending.includes(command)) this.pending.push(command);
  }

  async take(): Promise<BotCommand | undefined> {
    return this.pending.shift();
  }
}

/** Takes from each source in turn: the first pending command wins, the others wait for the next step. */
export function anyCommand(...sources: CommandSource[]): CommandSource {
  return {
    async take() {
      for (const s of sources) {
        const c = await s.take();
        if (c) return c;
      }
      return undefined;
    },
  };
}
