import { chdbHome, installChdb } from './install';

/** `pnpm engine:chdb`: installs the optional chDB engine (a no-op when it is there). */
installChdb(chdbHome(), (line) => console.log(line));
