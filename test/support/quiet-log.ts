import { setLogSink } from '../../src/log.js';

// Tool-call logs would drown the test report; tests that check logs install their own sink.
setLogSink(() => undefined);
