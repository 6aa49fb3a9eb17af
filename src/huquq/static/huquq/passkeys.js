// Passkeys (WebAuthn) on the staff pages: a form with data-passkey="create" (account page) or
// "get" (second step of login) carries the server's options as JSON in data-options. On submit
// this asks the browser for a passkey, puts its answer as JSON into the form's "credential"
// field and sends the form as usual; the server verifies it (security/passkeys.py).
// Without JavaScript the forms stay hidden behind a plain message; the TOTP code always works.
(function () {
  "use strict";

  function fromBase64url(text) {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    return Uint8Array.from(binary, function (c) { return c.charCodeAt(0); });
  }

  function toBase64url(buffer) {
    let binary = "";
    new Uint8Array(buffer).forEach(function (b) { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withIds(list) {
    return (list || []).map(function (c) { return Object.assign({}, c, { id: fromBase64url(c.id) }); });
  }

  function creationOptions(options) {
    options.challenge = fromBase64url(options.challenge);
    options.user.id = fromBase64url(options.user.id);
    options.excludeCredentials = withIds(options.excludeCredentials);
    return options;
  }

  function requestOptions(options) {
    options.challenge = fromBase64url(options.challenge);
    options.allowCredentials = withIds(options.allowCredentials);
    return options;
  }

  function answer(credential) {
    const r = credential.response;
    const response = { clientDataJSON: toBase64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64url(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64url(r.authenticatorData);
      response.signature = toBase64url(r.signature);
      if (r.userHandle) response.userHandle = toBase64url(r.userHandle);
    }
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: response,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
    };
  }

  function ask(kind, options) {
    if (kind === "create") {
      return navigator.credentials.create({ publicKey: creationOptions(options) });
    }
    return navigator.credentials.get({ publicKey: requestOptions(options) });
  }

  document.querySelectorAll("form[data-passkey]").forEach(function (form) {
    const button = form.querySelector("button[type=submit]");
    const noScript = form.querySelector(".passkey-nojs");
    const error = form.querySelector(".passkey-error");
    if (!window.PublicKeyCredential || !navigator.credentials) {
      noScript.textContent = error.dataset.unsupported;
      return;
    }
    noScript.hidden = true;
    button.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      error.hidden = true;
      button.disabled = true;
      ask(form.dataset.passkey, JSON.parse(form.dataset.options))
        .then(function (credential) {
          form.elements.credential.value = JSON.stringify(answer(credential));
          form.submit();
        })
        .catch(function () {
          error.textContent = error.dataset.failed;
          error.hidden = false;
          button.disabled = false;
        });
    });
  });
})();
