// The print button on the client's plan (no inline script: the CSP forbids it).
document.getElementById("print-button")?.addEventListener("click", () => window.print());
