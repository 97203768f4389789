/* Highlight the key phrases (listed on the card) where they occur in the strong example. */
(function () {
  var example = document.querySelector(".lp-step .lp-example");
  var phrases = Array.prototype.map.call(document.querySelectorAll(".lp-step .lp-keyphrases li"),
    function (li) { return li.textContent.trim(); }).filter(function (p) { return p.length > 1; });
  if (!example || !phrases.length || example.getAttribute("data-lp-ready")) return;
  example.setAttribute("data-lp-ready", "1");
  phrases.sort(function (a, b) { return b.length - a.length; });
  var escaped = phrases.map(function (p) { return p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
  var pattern = new RegExp("(" + escaped.join("|") + ")", "gi");
  var walker = document.createTreeWalker(example, NodeFilter.SHOW_TEXT, null);
  var nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  nodes.forEach(function (node) {
    var text = node.nodeValue;
    pattern.lastIndex = 0;
    if (!pattern.test(text)) return;
    pattern.lastIndex = 0;
    var fragment = document.createDocumentFragment();
    var last = 0;
    text.replace(pattern, function (match, _group, offset) {
      fragment.appendChild(document.createTextNode(text.slice(last, offset)));
      var mark = document.createElement("mark");
      mark.className = "lp-hl";
      mark.textContent = match;
      fragment.appendChild(mark);
      last = offset + match.length;
      return match;
    });
    fragment.appendChild(document.createTextNode(text.slice(last)));
    node.parentNode.replaceChild(fragment, node);
  });
})();
