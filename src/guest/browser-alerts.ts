import type { Alerts } from './ports.ts';

/** The phone's own alerts: vibration, a Web Audio beep, system notifications. */
export function browserAlerts(): Alerts {
  let audio: AudioContext | undefined;
  const supported = typeof Notification === 'function';
  return {
    vibrate: () => void navigator.vibrate?.([400, 200, 400, 200, 800]),
    beep() {
      if (audio?.state !== 'running') return;
      // Two short high tones: heard over a dining room, gone in under a second.
      for (const start of [0, 0.35]) {
        const tone = audio.createOscillator();
        const gain = audio.createGain();
        tone.frequency.value = 880;
        gain.gain.setValueAtTime(0.4, audio.currentTime + start);
        gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + start + 0.3);
        tone.connect(gain).connect(audio.destination);
        tone.start(audio.currentTime + start);
        tone.stop(audio.currentTime + start + 0.3);
      }
    },
    unlockSound() {
      try {
        audio ??= new AudioContext();
        void audio.resume();
        return true;
      } catch {
        return false;
      }
    },
    soundOn: () => audio !== undefined,
    permission: () => (supported ? Notification.permission : 'unsupported'),
    async requestPermission() {
      if (!supported) return 'unsupported';
      return await Notification.requestPermission();
    },
    notify(title, body) {
      if (!supported || Notification.permission !== 'granted' || document.visibilityState === 'visible') return;
      try {
        new Notification(title, { body, tag: 'waitbell-table-ready', requireInteraction: true });
      } catch {
        // Android's Chrome shows notifications only through a service worker, which this page never installs.
      }
    },
  };
}
