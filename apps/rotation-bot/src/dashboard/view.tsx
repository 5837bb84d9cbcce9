/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { Box, Text } from 'ink';
import type { EventKind } from './events.js';
import type { Tone } from './format.js';
import type { Cell, DashboardView } from './view-model.js';

/**
 * The dashboard screen (ink): everything it shows comes formatted from the view model, so this file only lays it
 * out. Every line is cut, never wrapped, and the view model sized the lists to the terminal, so the screen is redrawn
 * in place and never scrolls.
 */

const TONES: Record<Tone, { color?: string; dimColor?: boolean }> = {
  pos: { color: 'green' },
  neg: { color: 'red' },
  warn: { color: 'yellow' },
  plain: {},
  dim: { dimColor: true },
};

const MODE_COLORS: Record<string, { backgroundColor: string; color: string }> = {
  LIVE: { backgroundColor: 'red', color: 'white' },
  SIM: { backgroundColor: 'yellow', color: 'black' },
  PAPER: { backgroundColor: 'cyan', color: 'black' },
};

const EVENT_TONES: Record<EventKind, Tone> = {
  open: 'pos',
  close: 'plain',
  abort: 'warn',
  error: 'neg',
  alert: 'neg',
  scan: 'dim',
  info: 'dim',
};

type Col = { width: number; right?: boolean };

function Cells({ cols, cells, bold }: { cols: Col[]; cells: Array<string | Cell>; bold?: boolean }) {
  return (
    <Box>
      {cells.map((c, i) => {
        const cell = typeof c === 'string' ? { text: c, tone: 'plain' as Tone } : c;
        const col = cols[i] ?? { width: 10 };
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
          <Box key={i} width={col.width} justifyContent={col.right ? 'flex-end' : 'flex-start'} paddingRight={1}>
            <Text wrap="truncate" bold={bold} {...TONES[cell.tone]}>
              {cell.text}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}

/** One line of `label value` pairs separated by ` · `, each value in its tone. */
function Labelled({ items }: { items: DashboardView['totals'] }) {
  return (
    <Text wrap="truncate">
      {items.map((t, i) => (
        <Text key={t.label}>
          {`${i > 0 ? ' · ' : ''}${t.label} `}
          <Text {...TONES[t.value.tone]}>{t.value.text}</Text>
        </Text>
      ))}
    </Text>
  );
}

function Title({ children }: { children: string }) {
  return (
    <Text bold color="cyan" wrap="truncate">
      {children}
    </Text>
  );
}

/** A column of `width` characters, text left-aligned; numbers are right-aligned. */
const left = (width: number): Col => ({ width });
const right = (width: number): Col => ({ width, right: true });

const LEG_COLS = [left(10), left(6), right(12), right(13), right(13), right(13), right(20), right(10)];
const FUNDING_COLS = [left(10), left(6), right(16), right(11), right(14), right(12)];
const SCAN_COLS = [left(8), left(10), left(10), right(10), right(10), right(9), left(40)];

function bar(progress: number, width = 20): string {
  const full = Math.round(Math.min(1, Math.max(0, progress)) * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

export function Dashboard({ view, columns }: { view: DashboardView; columns: number }) {
  const mode = MODE_COLORS[view.mode] ?? MODE_COLORS.PAPER;
  const f = view.funding;
  return (
    <Box flexDirection="column" width={columns}>
      {/* The mode and the clock never shrink: a narrow terminal cuts the headline between them. */}
      <Box>
        <Box flexShrink={0}>
          <Text bold {...mode}>
            {` ${view.mode} `}
          </Text>
        </Box>
        <Box flexGrow={1} flexShrink={1} paddingRight={1}>
          <Text wrap="truncate">
            {' rotation-bot · '}
            <Text {...TONES[view.phase.tone]}>{view.phase.text}</Text>
            {` · ${view.headline}`}
          </Text>
        </Box>
        <Box flexShrink={0}>
          <Text dimColor>{view.clock}</Text>
        </Box>
      </Box>

      <Title>Legs</Title>
      {view.legs.length > 0 ? (
        <>
          <Cells
            cols={LEG_COLS}
            bold
            cells={['venue', 'side', 'size', 'entry', 'mark', 'uPnL', 'liq (from mark)', 'margin']}
          />
          {view.legs.map((l) => (
            <Cells
              key={l.venue}
              cols={LEG_COLS}
              cells={[l.venue, l.side, l.size, l.entry, l.mark, l.upnl, l.liq, l.margin]}
            />
          ))}
        </>
      ) : (
        <Text dimColor wrap="truncate">
          {`no position · ${view.headline}`}
        </Text>
      )}

      {f ? (
        <>
          <Title>Funding</Title>
          <Cells
            cols={FUNDING_COLS}
            bold
            cells={['venue', 'side', 'rate/interval', 'APR', 'this cycle', 'paid/pred']}
          />
          {f.venues.map((v) => (
            <Cells
              key={v.venue}
              cols={FUNDING_COLS}
              cells={[v.venue, v.side, v.rate, v.apr, v.accrued, v.paidOverPredicted]}
            />
          ))}
          <Text wrap="truncate">
            {'pair APR '}
            <Text {...TONES[f.pairApr.tone]}>{f.pairApr.text}</Text>
            {' · accrued '}
            <Text {...TONES[f.accrued.tone]}>{f.accrued.text}</Text>
            {` · predicted ${f.predicted}`}
          </Text>
          <Text wrap="truncate">
            {`held ${f.held} · closes in ${f.toClose} `}
            <Text color="cyan">{bar(f.progress)}</Text>
            {` · expected at entry ${f.expected}`}
          </Text>
        </>
      ) : null}

      {view.scan ? (
        <>
          <Title>{view.scan.heading}</Title>
          <Cells cols={SCAN_COLS} bold cells={['symbol', 'long', 'short', 'gross APR', 'net APR', 'b/e', 'status']} />
          {view.scan.rows.map((r) => (
            <Cells
              key={`${r.symbol}:${r.long}:${r.short}`}
              cols={SCAN_COLS}
              cells={[r.symbol, r.long, r.short, r.grossApr, r.netApr, r.breakEven, r.status]}
            />
          ))}
          {view.scan.skipped.map((s) => (
            <Text key={s} color="yellow" wrap="truncate">
              {s}
            </Text>
          ))}
        </>
      ) : null}

      <Title>Totals</Title>
      <Labelled items={view.totals} />
      <Labelled items={view.counters} />

      <Title>Events</Title>
      {view.events.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole on each render
        <Text key={i} wrap="truncate">
          <Text dimColor>{`${e.time} `}</Text>
          <Text {...TONES[EVENT_TONES[e.kind]]}>{e.kind.padEnd(6)}</Text>
          {` ${e.text}`}
        </Text>
      ))}
    </Box>
  );
}
