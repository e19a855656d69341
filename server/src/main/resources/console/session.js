// The signed-in operator of a strict-mode server: an account root's access key ID, secret access key and the Region
// of the signature's scope, kept in this tab's sessionStorage only (never localStorage, a cookie, the URL or a log).
// Closing the tab or "Sign out" forgets them. The secret only signs requests (sigv4.js); it is never sent.

const STORAGE_KEY = 'meridian.console.signIn';

/** The signed-in credentials {accessKeyId, secretAccessKey, region}, or null. */
export function current() {
  const text = sessionStorage.getItem(STORAGE_KEY);
  if (!text) {
    return null;
  }
  try {
    const credentials = JSON.parse(text);
    return credentials && credentials.accessKeyId && credentials.secretAccessKey && credentials.region ? credentials : null;
  } catch (e) {
    return null;
  }
}

export function signIn(credentials) {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey, region: credentials.region}));
}

export function signOut() {
  sessionStorage.removeItem(STORAGE_KEY);
}
