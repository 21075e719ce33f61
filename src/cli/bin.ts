#!/usr/bin/env node
// Entry of the `clarify-ts` executable: kept apart from main.ts so that importing
// the program (tests, embedding) never runs it.
import { main } from './main.js';

// The AWS SDK warns on Node 20 that SDK versions published after January 2027 need
// Node 22. clarify-ts pins SDK versions that run on Node 20, so for its users the
// warning is noise on stderr of every S3 run; a user who sets the variable decides.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

await main();
