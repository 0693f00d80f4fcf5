"use strict";

(async function () {
  const scale = await AS.getJSON("/api/scale");
  const editor = AS.beliefEditor(document.getElementById("beliefs"), scale.levels, AS.presets.uniform, () => {});
  document.getElementById("survey").addEventListener("submit", async (event) => {
    event.preventDefault();
    const thanks = document.getElementById("thanks");
    const beliefs = AS.normalise(editor.weights());
    const comment = document.getElementById("comment").value;
    try {
      const result = await AS.postJSON("/api/responses", { beliefs, comment });
      thanks.textContent = "";
      thanks.append("Thank you: your answer is stored as " + result.id + ". ", AS.el("a", { href: "/results", text: "See the results" }));
      document.getElementById("submit").disabled = true;
    } catch (error) {
      thanks.textContent = "Could not store your answer: " + error.message;
    }
  });
})();
