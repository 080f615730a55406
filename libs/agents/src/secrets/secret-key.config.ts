// The key loader moved to @app/core (tokens are signed with a key derived from the same secret);
// re-exported here so existing imports keep working.
export { loadSecretKey, SECRET_KEY_FILE } from '@app/core';
