"use strict";

(async function () {
  const scale = await AS.getJSON("/api/scale");
  const editor = AS.beliefLadder(document.getElementById("beliefs"), scale, scale.levels.map(() => 10), () => {});
  document.getElementById("survey").addEventListener("submit", async (event) => {
    event.preventDefault();
    const thanks = document.getElementById("thanks");
    const weights = editor.weights();
    const total = weights.reduce((a, b) => a + b, 0);
    const beliefs = total > 0 ? weights.map((w) => w / total) : weights.map(() => 1 / weights.length);
    const comment = document.getElementById("comment").value;
    try {
      const result = await AS.post("/api/responses", { beliefs, comment });
      thanks.textContent = "";
      thanks.append("Thank you: your answer is stored as " + result.id + ". ", AS.el("a", { href: "/results", text: "See the results" }));
      document.getElementById("submit").disabled = true;
    } catch (error) {
      thanks.textContent = "Could not store your answer: " + error.message;
    }
  });
})();
