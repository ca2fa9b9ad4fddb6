// Serves the single-page app for client-side routes: a path whose last
// segment has no file extension is answered with /index.html. Real files
// (/assets/app.js, /config.json) pass through, so a missing one is a real 404.
function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last === '' || last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}
