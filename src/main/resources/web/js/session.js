// The signed-in API key: kept in sessionStorage (this tab only, gone when it closes), never in a URL.
const STORE = 'freight.apiKey';

export function currentKey() {
  return sessionStorage.getItem(STORE);
}

export function signIn(key) {
  sessionStorage.setItem(STORE, key);
}

export function signOut() {
  sessionStorage.removeItem(STORE);
}
