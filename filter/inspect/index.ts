// The inspection core: pure functions over bytes (no host calls), tested by as-pect and timed alone.
export { PiiType, KeyHint, classifyValue, keyHint, isCard, isSsn, isIban, isEmail, isPhone, isIpv4, isIpv6, isJwt, isSecret, luhnValid } from "./pii";
export { Finding, Findings, MAX_FINDINGS } from "./findings";
export { maskInPlace, evidence, hashInPlace, maskJsonNumberInPlace, hashJsonNumberInPlace } from "./redact";
export { BodyKind, ScanLimits, JsonStreamState, scanJsonChunk, scanBody, scanJson, scanForm, scanText, scanTextOrXml, scanCookies, startsLikeJson, notJsonAfterAll, resetJsonStray, CLASS_PROTOCOL, CLASS_MALWARE, CLASS_EXFILTRATION, CLASS_LIMITS, CLASS_GRAPHQL } from "./body";
export { AttackClass } from "./attacks";
export { detectAttackWindowed as detectAttack, detectAttackAny, detectAttacks, javaReferenceCandidate, detectAttackInUrlHeader, detectAttackInPathSegments, ALL_VALUE_CLASSES, URL_HEADER_CLASSES, attackClassName, lastRule } from "./attack";
export { FileKind, FILE_KIND_NAMES, fileKind, isExecutable, scanMultipart, serverScriptFileName, phpSessionFileName } from "./upload";
export { ChunkCarry, MAX_CARRY, jsonSafeEnd, openQuote, textCut, escapeSafeCut } from "./stream";
export { inflateBody, inflatedSoFar, INFLATE_MALFORMED, INFLATE_OVER_CAP } from "./inflate";
export { sessionIdName, sameSiteReferer } from "./session";
export { scannerUserAgent, scannerUserAgentRemembered, oastDomainIn } from "./scanners";
export { invalidMethod, hasLineBreak, lowByteLineBreak, parseContentLength, transferEncodingOk, FramingCheck, badAuthorization, legacyCookie, confusingContentType, unusualCharset, malformedContentType, nulInQuery, applicationHeader, protocolHeaderAbuse } from "./protocol";
export { foldedNameIs } from "./prefilter";
export { GraphqlShape, analyzeGraphql, looksLikeGraphql } from "./graphql";
export { normalizePath, restrictedPath } from "./path";
export { startsLikeXml } from "./xml";
