// Passkeys (WebAuthn): asks the browser to create or use a passkey, then posts the
// device's answer in the form's hidden "credential" field. Without JavaScript or
// WebAuthn the button stays hidden and the page explains what is needed.
(function () {
  "use strict";

  function toBuffer(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var raw = atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i++) { raw += String.fromCharCode(bytes[i]); }
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function decodeOptions(options) {
    options.challenge = toBuffer(options.challenge);
    if (options.user) { options.user.id = toBuffer(options.user.id); }
    ["excludeCredentials", "allowCredentials"].forEach(function (key) {
      (options[key] || []).forEach(function (descriptor) { descriptor.id = toBuffer(descriptor.id); });
    });
    return options;
  }

  function encodeCredential(credential) {
    var response = credential.response;
    var encoded = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: toText(response.clientDataJSON) }
    };
    if (response.attestationObject) {
      encoded.response.attestationObject = toText(response.attestationObject);
      if (response.getTransports) { encoded.response.transports = response.getTransports(); }
    } else {
      encoded.response.authenticatorData = toText(response.authenticatorData);
      encoded.response.signature = toText(response.signature);
      if (response.userHandle) { encoded.response.userHandle = toText(response.userHandle); }
    }
    return JSON.stringify(encoded);
  }

  function start(form) {
    var button = form.querySelector("[data-passkey-button]");
    var unsupported = form.querySelector("[data-passkey-unsupported]");
    var message = form.querySelector("[data-passkey-message]");
    if (!window.PublicKeyCredential || !navigator.credentials) { return; }
    button.hidden = false;
    if (unsupported) { unsupported.hidden = true; }
    form.addEventListener("submit", function (event) {
      if (form.elements.credential.value) { return; }
      event.preventDefault();
      button.disabled = true;
      message.hidden = true;
      fetch(form.dataset.options, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": form.elements.csrfmiddlewaretoken.value }
      }).then(function (answer) {
        if (!answer.ok) { throw new Error("options refused"); }
        return answer.json();
      }).then(function (options) {
        var publicKey = decodeOptions(options);
        return form.dataset.passkey === "create"
          ? navigator.credentials.create({ publicKey: publicKey })
          : navigator.credentials.get({ publicKey: publicKey });
      }).then(function (credential) {
        form.elements.credential.value = encodeCredential(credential);
        form.submit();
      }).catch(function () {
        message.textContent = form.dataset.error;
        message.hidden = false;
        button.disabled = false;
      });
    });
  }

  document.querySelectorAll("form[data-passkey]").forEach(start);
})();
