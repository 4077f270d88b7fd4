// Preloaded (node --import) into a CLI process under test: name resolution answers from IRU_TEST_DNS, a JSON object of
// host name -> address; any other name fails with ENOTFOUND, as a resolver says of a name that does not exist (and,
// when nothing is listed, as an offline machine's resolver says of every name).
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';

const known = JSON.parse(process.env.IRU_TEST_DNS ?? '{}');
dns.promises.lookup = async (hostname, options) => {
  const address = known[hostname];
  if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
  const answer = { address, family: address.includes(':') ? 6 : 4 };
  return options?.all ? [answer] : answer;
};
syncBuiltinESMExports();
