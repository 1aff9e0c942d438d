// npm's `prepare`: builds dist/ when it is not there, as in the temporary clone npm makes to install this package from
// git (`npm install git+https://…#v0.1.0`), which runs prepare but not prepack. A clone that has built once is left
// alone (`npm pack` and `npm publish` always rebuild through prepack).
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

if (!existsSync(fileURLToPath(new URL('../dist/contract-tests/bin.js', import.meta.url)))) await import('./build.js');
