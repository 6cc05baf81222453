// The new-resume page: choosing a resume to copy also chooses "A copy of one of my resumes",
// so nobody picks one and gets an empty resume. Without this script the radio is chosen by hand.
const select = document.querySelector("#new-resume select[name=copy_of]");
const copy = document.querySelector("#new-resume input[name=start][value=copy]");
if (select && copy) {
  select.addEventListener("change", () => {
    if (select.value) copy.checked = true;
  });
}
