import {answerReceived} from './answer-received.js';
import {clientResultConformance} from './client-result-conformance.js';
import {contentTypeConformance} from './content-type-conformance.js';
import {errorIdConformance} from './error-id-conformance.js';
import {expectedResult} from './expected-result.js';
import {expectedStatus} from './expected-status.js';
import {flowBelongsToSession} from './flow-belongs-to-session.js';
import {mockRequestViolations} from './mock-request-violations.js';
import {notAServerError} from './not-a-server-error.js';
import {responseSchemaConformance} from './response-schema-conformance.js';
import {sessionRequired} from './session-required.js';
import {statusCodeConformance} from './status-code-conformance.js';
import type {Check} from './types.js';

export type {Check, CheckContext, Exchange, Expectation, Violation} from './types.js';

/** Every check, in report order. */
export const checks: readonly Check[] = [
	answerReceived,
	notAServerError,
	statusCodeConformance,
	expectedStatus,
	contentTypeConformance,
	responseSchemaConformance,
	errorIdConformance,
	expectedResult,
	clientResultConformance,
	sessionRequired,
	flowBelongsToSession,
	mockRequestViolations,
];
