<!DOCTYPE html>
<html lang="id-ID"><head><meta charset="UTF-8"><title>Masuk &lsaquo; Pemerintah Kota Tanjung Seruni &#8212; WordPress</title></head>
<body class="login"><div id="login"><h1><a href="https://wordpress.org/">Ditenagai oleh WordPress</a></h1>
<form name="loginform" id="loginform" action="/wp-login.php" method="post"><p><label for="user_login">Nama Pengguna atau Alamat Email</label><input type="text" name="log" id="user_login"></p><p><label for="user_pass">Kata Sandi</label><input type="password" name="pwd" id="user_pass"></p><p class="submit"><input type="submit" name="wp-submit" value="Masuk"></p></form>
<p id="backtoblog"><a href="/">&larr; Ke Pemerintah Kota Tanjung Seruni</a></p></div></body></html>
