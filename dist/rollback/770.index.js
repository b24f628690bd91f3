"use strict";
exports.id = 770;
exports.ids = [770];
exports.modules = {

/***/ 9770:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openIncidentIssue: () => (/* binding */ openIncidentIssue)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3796);
/* harmony import */ var _github_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4700);
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2421);
// The incident as a GitHub issue (`incident-issue: true`), so a rollback at night is on the
// team's board in the morning. Reporting never decides a rollback: an API failure is a warning.



/** GitHub caps an issue body at 65,536 characters. */
const BODY_LIMIT = 65_000;
async function openIncidentIssue(token, incident, summary) {
    const repository = (0,_github_client_js__WEBPACK_IMPORTED_MODULE_1__/* .workflowRepository */ .G2)();
    if (!token || !repository) {
        _runner_js__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e('incident-issue: needs token (issues write) and GITHUB_REPOSITORY; no issue opened');
        return undefined;
    }
    try {
        const octokit = await (0,_github_client_js__WEBPACK_IMPORTED_MODULE_1__/* .githubClient */ .$f)(token);
        const body = summary.toMarkdown();
        const created = await octokit.rest.issues.create({
            ...repository,
            title: `Rollback of ${incident.release} (${incident.environment}): ${incident.from.version ?? '?'} → ${incident.to.version}`,
            body: body.length > BODY_LIMIT
                ? `${body.slice(0, BODY_LIMIT)}\n\n…(cut; the whole record is the run's incident artifact)`
                : body,
            labels: ['incident'],
        });
        const url = created.data.html_url;
        _runner_js__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`incident issue: ${url ?? `#${created.data.number}`}`);
        return url;
    }
    catch (error) {
        _runner_js__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(`incident issue not opened: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}`);
        return undefined;
    }
}


/***/ })

};
;