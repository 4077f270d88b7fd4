import { setScryptCostForTests } from '../../src/web/auth/passwords.js';

// New password hashes in tests use N = 2^14 instead of the production 2^17 (SCRYPT_COST), so suites that create users
// and sign in stay fast. test/web/sign-in-throttle.test.ts restores the production cost and checks it.
setScryptCostForTests(2 ** 14);
