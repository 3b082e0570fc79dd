document.querySelectorAll('.has-mega').forEach(function (li) { li.addEventListener('click', function () { li.classList.toggle('open'); }); });
