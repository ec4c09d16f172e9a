// Upload page enhancement: drag and drop, one request per file with its own progress bar, and
// each file's result shown as soon as the server has answered. Without this script the form
// posts all files at once and the server returns the same result rows in a full page.
(function () {
  "use strict";
  var form = document.querySelector("[data-upload-form]");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var input = form.querySelector("input[type=file]");
  var zone = form.querySelector("[data-drop-zone]");
  var list = document.querySelector("[data-upload-results]");
  var heading = document.querySelector("[data-results-heading]");
  var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var waiting = [];
  var running = 0;
  var PARALLEL = 2; // enough to keep the line busy without starving the page

  form.classList.add("js-upload");

  input.addEventListener("change", function () {
    send(input.files);
    input.value = ""; // choosing the same file again is a new upload (and a duplicate)
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(input.files);
  });
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("dragging");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.remove("dragging");
    });
  });
  zone.addEventListener("drop", function (event) {
    if (event.dataTransfer) send(event.dataTransfer.files);
  });

  function send(files) {
    Array.prototype.forEach.call(files || [], function (file) {
      waiting.push({ file: file, row: pendingRow(file) });
    });
    pump();
  }

  function pump() {
    while (running < PARALLEL && waiting.length) {
      running += 1;
      upload(waiting.shift());
    }
  }

  function pendingRow(file) {
    heading.hidden = false;
    var row = document.createElement("li");
    row.className = "upload-row pending";
    var name = document.createElement("span");
    name.className = "upload-name";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", "Upload progress of " + file.name);
    var note = document.createElement("span");
    note.className = "upload-text muted";
    note.textContent = "Waiting to upload (" + size(file.size) + ")";
    row.append(name, bar, note);
    list.prepend(row);
    return row;
  }

  function upload(job) {
    var row = job.row;
    var bar = row.querySelector("progress");
    var note = row.querySelector(".upload-text");
    var data = new FormData();
    data.append("files", job.file, job.file.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.setRequestHeader("X-CSRFToken", token);
    xhr.upload.addEventListener("progress", function (event) {
      if (!event.lengthComputable) return;
      var percent = Math.round((event.loaded / event.total) * 100);
      bar.value = percent;
      note.textContent = percent < 100 ? "Uploading " + percent + "%" : "Checking the file…";
    });
    xhr.addEventListener("load", function () {
      bar.value = 100;
      if (xhr.status === 200) {
        var holder = document.createElement("ul");
        holder.innerHTML = xhr.responseText.trim();
        var result = holder.querySelector("li");
        if (result) {
          result.append(bar); // keep the finished bar: the row shows it went all the way
          row.replaceWith(result);
        }
      } else if (xhr.status === 403) {
        failed(row, "Your session has ended or your role may not upload. Sign in again and retry.");
      } else {
        failed(row, "The server could not take this file (error " + xhr.status + "). Try again.");
      }
      done();
    });
    xhr.addEventListener("error", function () {
      failed(row, "The upload was interrupted (network). Try this file again.");
      done();
    });
    xhr.send(data);
  }

  function failed(row, message) {
    row.classList.remove("pending");
    row.classList.add("result-failed");
    row.querySelector(".upload-text").textContent = message;
  }

  function done() {
    running -= 1;
    pump();
  }

  function size(bytes) {
    if (bytes < 1024) return bytes + " bytes";
    if (bytes < 1024 * 1024) return Math.round(bytes / 1024) + " KB";
    return (bytes / (1024 * 1024)).toFixed(1) + " MB";
  }
})();
