import type { Clock, PerpVenue, TimerHandle } from '@dn/core';

/** The venue's own switch, when its client has one (Extended: `setDeadManSwitch`). */
export interface VenueSwitch {
  setDeadManSwitch(countdownSeconds: number): Promise<void>;
}

/** The venue-native client's switch, if the venue exposes one. */
export function venueSwitchOf(venue: PerpVenue): VenueSwitch | undefined {
  const client = (venue as { client?: unknown }).client as Partial<VenueSwitch> | undefined;
  if (client && typeof client.setDeadManSwitch === 'function') {
    return { setDeadManSwitch: (s) => (client.setDeadManSwitch as VenueSwitch['setDeadManSwitch']).call(client, s) };
  }
  return undefined;
}

export interface DeadMansSwitchOptions {
  countdownSec: number;
  clock: Clock;
  /** The venue's switch; without one a local timer cancels everything when the quote loop stops refreshing it. */
  venueSwitch?: VenueSwitch;
  cancelAll: (reason: string) => Promise<void>;
  onError?: (e: unknown) => void;
}

/**
 * Armed at start and refreshed at half its countdown. With the venue's switch, a refresh that fails cancels
 * everything (the venue may fire before the next refresh); with the local one, the quote loop's `beat()` is the
 * refresh and a loop that stalls past the countdown has its orders cancelled.
 */
export class DeadMansSwitch {
  private timer: TimerHandle | undefined;
  private lastBeat = 0;
  private stopped = false;
  refreshes = 0;
  failures = 0;

  constructor(private readonly o: DeadMansSwitchOptions) {}

  get kind(): 'venue' | 'local' | 'off' {
    if (this.o.countdownSec <= 0) return 'off';
    return this.o.venueSwitch ? 'venue' : 'local';
  }

  async arm(): Promise<void> {
    if (this.kind === 'off') return;
    this.lastBeat = this.o.clock.now();
    await this.refresh();
    this.schedule();
  }

  /** The quote loop is alive. */
  beat(): void {
    this.lastBeat = this.o.clock.now();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.o.clock.setTimeout(
      () => {
        void this.refresh().finally(() => this.schedule());
      },
      (this.o.countdownSec * 1000) / 2,
    );
  }

  async refresh(): Promise<void> {
    if (this.stopped) return;
    const now = this.o.clock.now();
    if (now - this.lastBeat > this.o.countdownSec * 1000) {
      this.failures++;
      await this.o.cancelAll('quote loop stalled past the dead man’s switch countdown').catch(this.o.onError);
      return;
    }
    if (!this.o.venueSwitch) {
      this.refreshes++;
      return;
    }
    try {
      await this.o.venueSwitch.setDeadManSwitch(this.o.countdownSec);
      this.refreshes++;
    } catch (e) {
      this.failures++;
      this.o.onError?.(e);
      await this.o.cancelAll('dead man’s switch refresh failed').catch(this.o.onError);
    }
  }

  /** Stops refreshing and disarms the venue's switch (0), so a clean shutdown leaves no countdown running. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    if (this.o.venueSwitch && this.kind === 'venue')
      await this.o.venueSwitch.setDeadManSwitch(0).catch(() => undefined);
  }
}
