#!/usr/bin/env node
// The published command: `kratos-settings-flow-contract live [flags]` (see command.ts, or --help).
import {main} from './command.js';
import {PUBLISHED} from './published.js';

main(PUBLISHED);
