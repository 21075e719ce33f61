#!/usr/bin/env node
// Entry of the `clarify-ts` executable: kept apart from main.ts so that importing
// the program (tests, embedding) never runs it.
import { main } from './main.js';

await main();
