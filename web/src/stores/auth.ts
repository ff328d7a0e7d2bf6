import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { logIn, logOut, register as registerAccount, session } from '../api/account.ts';
import { ApiError } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { clearOfflineCopies } from '../offline/chapters.ts';
import { useReading } from './reading.ts';

/** Who is signed in. `load` asks the server once at start; 401 means nobody. */
export const useAuth = defineStore('auth', () => {
  const user = ref<User | null>(null);
  const loaded = ref(false);
  const isAdmin = computed(() => user.value?.role === 'admin');

  async function load(): Promise<void> {
    try {
      // Never a 401: a visitor not signed in is an answer (the console stays clean).
      user.value = (await session()).user;
    } catch (error) {
      // Offline: keep whoever was here; the service worker serves what it cached.
      if (error instanceof ApiError && error.status === 401) user.value = null;
      else user.value = readCachedUser();
    }
    if (user.value) cacheUser(user.value);
    loaded.value = true;
  }

  async function login(name: string, password: string): Promise<void> {
    user.value = await logIn(name, password);
    cacheUser(user.value);
  }

  async function register(name: string, password: string, invite?: string): Promise<void> {
    user.value = await registerAccount({ name, password, ...(invite ? { invite } : {}) });
    cacheUser(user.value);
  }

  async function logout(): Promise<void> {
    await logOut().catch(() => undefined);
    user.value = null;
    localStorage.removeItem(USER_KEY);
    await clearOfflineCopies();
  }

  return { user, loaded, isAdmin, load, login, register, logout };
});

// The last signed-in user, so the app still opens offline (the server is the authority online).
const USER_KEY = 'linhai.user';
function cacheUser(user: User): void {
  // The account's reading settings win over this device's when it signs in or starts.
  useReading().adopt(user.settings);
  localStorage.setItem(USER_KEY, JSON.stringify(user));
}
function readCachedUser(): User | null {
  try {
    return JSON.parse(localStorage.getItem(USER_KEY) ?? 'null') as User | null;
  } catch {
    return null;
  }
}
