/**
 * Download progress for people: a bar redrawn in place on a terminal, or a plain line every few
 * seconds when the output is a file or a CI log, where carriage returns would pile up.
 */
export interface ProgressSink {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  update(received: number, total: number | undefined): void;
  /** Ends the bar's line on a terminal; writes the last figures otherwise. */
  done(): void;
}

export function progress(sink: ProgressSink, now: () => number = Date.now, plainEveryMs = 5_000): Progress {
  const started = now();
  let startBytes: number | undefined;
  let last = { received: 0, total: undefined as number | undefined };
  let drawnAt = -Infinity;
  const line = (): string => {
    const { received, total } = last;
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const rate = (received - (startBytes ?? 0)) / seconds;
    const left = total !== undefined && rate > 0 ? ` ${Math.ceil((total - received) / rate)} s left` : "";
    const amount = total === undefined ? mb(received) : `${mb(received)} of ${mb(total)}`;
    if (total === undefined || total === 0) return `${amount}  ${mb(rate)}/s`;
    const share = Math.min(received / total, 1);
    const bar = sink.isTTY ? ` [${"#".repeat(Math.round(share * 30)).padEnd(30, "-")}]` : "";
    return `${(share * 100).toFixed(0).padStart(3)}%${bar} ${amount}  ${mb(rate)}/s${left}`;
  };
  return {
    update(received, total) {
      startBytes ??= received;
      last = { received, total };
      const t = now();
      if (sink.isTTY) {
        if (t - drawnAt < 100) return;
        drawnAt = t;
        sink.write(`\r${line()}\u001b[K`);
      } else if (t - drawnAt >= plainEveryMs) {
        drawnAt = t;
        sink.write(`${line()}\n`);
      }
    },
    done() {
      sink.write(sink.isTTY ? `\r${line()}\u001b[K\n` : `${line()}\n`);
    },
  };
}

function mb(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
