import {answerReceived} from './answer-received.js';
import {clientResultConformance} from './client-result-conformance.js';
import {contentTypeConformance} from './content-type-conformance.js';
import {errorIdConformance} from './error-id-conformance.js';
import {expectedStatus} from './expected-status.js';
import {flowBelongsToSession} from './flow-belongs-to-session.js';
import {mockRequestViolations} from './mock-request-violations.js';
import {notAServerError} from './not-a-server-error.js';
import {responseSchemaConformance} from './response-schema-conformance.js';
import {schemaDrift} from './schema-drift.js';
import {sessionRequired} from './session-required.js';
import {statusCodeConformance} from './status-code-conformance.js';
import type {Check} from './types.js';
import {undocumentedHeader} from './undocumented-header.js';

export type {Check, CheckContext, Exchange, Expectation, Severity, Violation} from './types.js';

/** Every check, in report order: the ones that can fail first, then the ones that warn of drift. */
export const checks: readonly Check[] = [
	answerReceived,
	notAServerError,
	statusCodeConformance,
	expectedStatus,
	contentTypeConformance,
	responseSchemaConformance,
	errorIdConformance,
	clientResultConformance,
	sessionRequired,
	flowBelongsToSession,
	mockRequestViolations,
	schemaDrift,
	undocumentedHeader,
];
