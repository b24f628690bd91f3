"use strict";
exports.id = 915;
exports.ids = [915];
exports.modules = {

/***/ 1915:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   attestVerification: () => (/* binding */ attestVerification)
/* harmony export */ });
/* unused harmony export verificationChecks */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _cosign_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5708);
/* harmony import */ var _credentials_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5089);
/* harmony import */ var _release_reference_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3728);
/* harmony import */ var _release_verification_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1826);
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2421);
/* harmony import */ var _tools_installer_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8483);
/* harmony import */ var _tools_versions_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(834);
// On a pass: the signed verification attestation promote requires — an in-toto statement of
// VERIFICATION_PREDICATE_TYPE about the image digest, made with cosign attest by digest.
// Credentials are written 0600 under RUNNER_TEMP and removed by the post step.









/** What the attestation says was checked: each objective and how it ended. */
function verificationChecks(report) {
    return report.objectives.map((objective) => ({
        name: objective.name,
        result: objective.status === 'no-data' ? `no-data (on-no-data: ${report.onNoData})` : objective.status,
    }));
}
async function attestVerification(report, inputs, workDir, cleanup) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(workDir, { recursive: true });
    if (inputs.cosignPassword)
        _runner_js__WEBPACK_IMPORTED_MODULE_6__/* .setSecret */ .Pq(inputs.cosignPassword);
    const imageByDigest = `${(0,_release_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .repositoryName */ .aR)(inputs.image)}@${inputs.image.digest}`;
    const keyFile = (0,_credentials_js__WEBPACK_IMPORTED_MODULE_3__/* .keyFile */ ._$)(inputs.cosignKey, workDir, 'cosign.key', cleanup);
    const dockerConfig = (0,_credentials_js__WEBPACK_IMPORTED_MODULE_3__/* .dockerConfigDir */ .kG)(inputs.image.registry, inputs, workDir, cleanup);
    if (dockerConfig)
        process.env.DOCKER_CONFIG = dockerConfig;
    const predicate = (0,_release_verification_js__WEBPACK_IMPORTED_MODULE_5__/* .verificationPredicate */ .Ds)({
        environment: inputs.environment,
        digest: inputs.image.digest,
        verdict: 'pass',
        checks: verificationChecks(report),
    });
    const predicateFile = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(workDir, `verification-${crypto.randomUUID()}.json`);
    (0,_release_verification_js__WEBPACK_IMPORTED_MODULE_5__/* .writeVerificationPredicate */ .IJ)(predicateFile, predicate);
    const cosign = await (0,_tools_installer_js__WEBPACK_IMPORTED_MODULE_7__/* .installTool */ .Gn)((0,_tools_versions_js__WEBPACK_IMPORTED_MODULE_8__/* .cosignSpec */ .Pj)(inputs.cosignVersion), { mirror: inputs.toolsMirror });
    const request = {
        imageByDigest,
        keyFile,
        password: inputs.cosignPassword,
        tlogUpload: inputs.tlogUpload,
    };
    const args = (0,_cosign_js__WEBPACK_IMPORTED_MODULE_2__/* .cosignAttestArgs */ .QS)(request, predicateFile, _release_verification_js__WEBPACK_IMPORTED_MODULE_5__/* .VERIFICATION_PREDICATE_TYPE */ .Vy);
    if (inputs.insecureRegistry)
        args.splice(args.length - 1, 0, '--allow-http-registry=true', '--allow-insecure-registry=true');
    _runner_js__WEBPACK_IMPORTED_MODULE_6__/* .info */ .pq(`Attesting ${imageByDigest}: passed verification in ${inputs.environment}`);
    await (0,_cosign_js__WEBPACK_IMPORTED_MODULE_2__/* .runCosign */ .DV)(cosign, args, request.password);
    return {
        image: imageByDigest,
        predicateType: _release_verification_js__WEBPACK_IMPORTED_MODULE_5__/* .VERIFICATION_PREDICATE_TYPE */ .Vy,
        predicate,
        signer: keyFile ? 'the given key' : "keyless (the workflow's OIDC identity)",
    };
}


/***/ })

};
;