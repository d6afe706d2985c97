export { chdbHome, ChdbMissingError, CHDB_VERSION, installChdb, isChdbInstalled } from './install';
export { startChdbServer, type ChdbServer, type ChdbServerOptions } from './server';
