/** A progress bar on stderr that appears only once the work has taken more than a second. */
export class Progress {
  private readonly started = Date.now();
  private shown = false;
  private readonly enabled: boolean;

  constructor(
    private readonly label: string,
    stream: NodeJS.WriteStream = process.stderr,
    private readonly out = stream,
  ) {
    this.enabled = Boolean(stream.isTTY) || process.env.INCURSION_PROGRESS === '1';
  }

  update(done: number, total: number): void {
    if (!this.enabled || Date.now() - this.started < 1000) return;
    const width = 30;
    const frac = total > 0 ? Math.min(1, done / total) : 0;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    this.out.write(`\r${this.label} [${bar}] ${done}/${total}`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.out.write('\n');
  }
}
