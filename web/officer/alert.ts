// The alert for a flagged check-in: a short two-tone beep (WebAudio, no sound file) and a vibration. Browsers
// let a page play sound only after a user gesture, so the audio is unlocked on the officer's first tap.
let audio: AudioContext | null = null;

function context(): AudioContext | null {
  if (audio) return audio;
  const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return null;
  try {
    audio = new Ctor();
  } catch {
    audio = null;
  }
  return audio;
}

/** Call once at start-up: the first tap or key anywhere unlocks the sound for the rest of the visit. */
export function unlockAudioOnFirstGesture(): void {
  const unlock = () => {
    const ctx = context();
    if (ctx && ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    window.removeEventListener('pointerdown', unlock, true);
    window.removeEventListener('keydown', unlock, true);
  };
  window.addEventListener('pointerdown', unlock, true);
  window.addEventListener('keydown', unlock, true);
}

function beep(): void {
  const ctx = context();
  if (!ctx || ctx.state !== 'running') return;
  const start = ctx.currentTime + 0.01;
  [880, 660].forEach((frequency, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = frequency;
    const t0 = start + i * 0.22;
    gain.gain.setValueAtTime(0.0001, t0);
    gain.gain.exponentialRampToValueAtTime(0.25, t0 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.18);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0);
    osc.stop(t0 + 0.2);
  });
}

/** Sound and vibration for one flagged check-in (each as far as the phone allows). */
export function alertFlagged(): void {
  beep();
  if (typeof navigator.vibrate === 'function') {
    try {
      navigator.vibrate([200, 100, 200]);
    } catch {
      // some browsers refuse without a recent gesture: the pinned entry is still on screen
    }
  }
}
