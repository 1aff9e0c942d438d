import {answerReceived} from './answer-received.js';
import {contentTypeConformance} from './content-type-conformance.js';
import {cookieFlags} from './cookie-flags.js';
import {correctionsSayWhat} from './corrections-say-what.js';
import {corsCredentials} from './cors-credentials.js';
import {errorAgreesWithStatus} from './error-agrees-with-status.js';
import {errorRedirects} from './error-redirects.js';
import {flowLifetime} from './flow-lifetime.js';
import {flowState} from './flow-state.js';
import {flowType} from './flow-type.js';
import {flowUrls} from './flow-urls.js';
import {noInternals} from './no-internals.js';
import {noSecretEcho} from './no-secret-echo.js';
import {noSecretInUrls} from './no-secret-in-urls.js';
import {nothingOfTheOwner} from './nothing-of-the-owner.js';
import {noStore} from './no-store.js';
import {errorIdConformance} from './error-id-conformance.js';
import {expectedResult} from './expected-result.js';
import {expectedStatus} from './expected-status.js';
import {flowBelongsToSession} from './flow-belongs-to-session.js';
import {mockRequestViolations} from './mock-request-violations.js';
import {notAServerError} from './not-a-server-error.js';
import {readKeepsSession} from './read-keeps-session.js';
import {redirectsStayHome} from './redirects-stay-home.js';
import {responseSchemaConformance} from './response-schema-conformance.js';
import {schemaDrift} from './schema-drift.js';
import {sessionRequired} from './session-required.js';
import {statusCodeConformance} from './status-code-conformance.js';
import type {Check} from '../base/model.js';
import {undocumentedHeader} from './undocumented-header.js';
import {writeTookEffect} from './write-took-effect.js';


/** Every check, in report order: the ones that can fail first, then the ones that warn of drift. */
export const checks: readonly Check[] = [
	answerReceived,
	notAServerError,
	statusCodeConformance,
	expectedStatus,
	contentTypeConformance,
	responseSchemaConformance,
	errorIdConformance,
	expectedResult,
	sessionRequired,
	flowBelongsToSession,
	// What a schema cannot see: the suite compares the answer with the situation it set up (live targets only).
	flowState,
	flowType,
	flowLifetime,
	flowUrls,
	errorAgreesWithStatus,
	errorRedirects,
	noStore,
	noSecretEcho,
	writeTookEffect,
	// Promises a staging Kratos must keep (issue 17): cross-origin reads, cookies, URLs, errors, another identity.
	corsCredentials,
	cookieFlags,
	readKeepsSession,
	noSecretInUrls,
	noInternals,
	nothingOfTheOwner,
	correctionsSayWhat,
	redirectsStayHome,
	mockRequestViolations,
	schemaDrift,
	undocumentedHeader,
];

/** The checks that can fail against a target of this kind (see Check.targets). */
export const checksFor = (kind: 'mock' | 'live', from: readonly Check[] = checks): Check[] =>
	from.filter((check) => !check.targets || check.targets.includes(kind));
