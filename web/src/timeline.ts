/**
 * The replay clock: a slider over the analysis's time span, play/pause and a speed factor
 * (simulated seconds per real second). It only reports the time; the map draws it.
 */
export class Timeline {
  private startS = 0;
  private endS = 0;
  private timeS = 0;
  private playing = false;
  private lastFrameMs = 0;
  private frame = 0;

  constructor(
    private readonly slider: HTMLInputElement,
    private readonly label: HTMLOutputElement,
    private readonly playButton: HTMLButtonElement,
    private readonly speed: HTMLSelectElement,
    private readonly onTime: (tS: number, fromUser: boolean) => void,
  ) {
    slider.addEventListener('input', () => this.set(Number(slider.value), true));
    playButton.addEventListener('click', () => (this.playing ? this.pause() : this.play()));
  }

  setRange(startS: number, endS: number, timeS = startS): void {
    this.pause();
    this.startS = startS;
    this.endS = Math.max(endS, startS);
    this.slider.min = String(Math.floor(this.startS));
    this.slider.max = String(Math.ceil(this.endS));
    this.slider.disabled = this.endS <= this.startS;
    this.set(timeS, false);
  }

  get time(): number {
    return this.timeS;
  }

  set(tS: number, fromUser: boolean): void {
    this.timeS = Math.min(Math.max(tS, this.startS), this.endS);
    this.slider.value = String(Math.round(this.timeS));
    this.label.value =
      Number.isFinite(this.timeS) && this.endS > 0
        ? `${new Date(this.timeS * 1000).toISOString().replace('T', ' ').slice(0, 19)} UTC`
        : '—';
    this.onTime(this.timeS, fromUser);
  }

  play(): void {
    if (this.endS <= this.startS) return;
    if (this.timeS >= this.endS) this.set(this.startS, true);
    this.playing = true;
    this.playButton.textContent = '❚❚';
    this.playButton.setAttribute('aria-label', 'Pause');
    this.lastFrameMs = performance.now();
    const step = (now: number) => {
      if (!this.playing) return;
      const dtS = ((now - this.lastFrameMs) / 1000) * Number(this.speed.value);
      this.lastFrameMs = now;
      this.set(this.timeS + dtS, false);
      if (this.timeS >= this.endS) this.pause();
      else this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  pause(): void {
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.playButton.textContent = '▶';
    this.playButton.setAttribute('aria-label', 'Play');
  }
}
