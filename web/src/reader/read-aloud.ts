import { onBeforeUnmount, ref } from 'vue';

/**
 * Read-aloud with the browser's speech synthesis, one paragraph at a time so the reader can
 * follow (the paragraph being read is `speaking`). `onEnd` runs after the last paragraph: the
 * reader turns to the next chapter and calls `start` again.
 */
export function useReadAloud(onEnd: () => void) {
  const supported = typeof window !== 'undefined' && 'speechSynthesis' in window;
  const speaking = ref<number>();
  let paragraphs: readonly string[] = [];
  let lang = 'zh-CN';
  let active = false;

  function speak(index: number): void {
    const text = paragraphs[index];
    if (!active) return;
    if (text === undefined) {
      speaking.value = undefined;
      onEnd();
      return;
    }
    speaking.value = index;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    utterance.onend = () => speak(index + 1);
    utterance.onerror = (event) => {
      if (event.error !== 'interrupted' && event.error !== 'canceled') stop();
    };
    window.speechSynthesis.speak(utterance);
  }

  function start(text: readonly string[], from: number, language: string): void {
    if (!supported) return;
    window.speechSynthesis.cancel();
    paragraphs = text;
    lang = language;
    active = true;
    speak(from);
  }

  function stop(): void {
    active = false;
    speaking.value = undefined;
    if (supported) window.speechSynthesis.cancel();
  }

  onBeforeUnmount(stop);
  return { supported, speaking, start, stop, isActive: () => active };
}
