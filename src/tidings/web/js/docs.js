// Swagger UI over /openapi.json, from vendored files (kept out of HTML for the CSP).
/* global SwaggerUIBundle */
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
