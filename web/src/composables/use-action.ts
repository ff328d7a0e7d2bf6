import { ref } from 'vue';

/** A user's action on the server: `busy` while it runs, `failure` (a message) when it fails. */
export function useAction() {
  const busy = ref(false);
  const failure = ref('');

  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    failure.value = '';
    try {
      return await action();
    } catch (error) {
      failure.value = error instanceof Error ? error.message : String(error);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy, failure, run };
}
