/* Portal Kota Kali Wangi — single-page application (no framework). Every route is rendered here
   from /data/portal.json; the server answers each route with the same empty shell. */
(function () {
  'use strict';

  function h(tag, attrs) {
    var el = document.createElement(tag);
    var a = attrs || {};
    Object.keys(a).forEach(function (k) {
      if (a[k] === false || a[k] == null) return;
      if (k === 'text') el.textContent = a[k];
      else el.setAttribute(k, a[k] === true ? '' : a[k]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c == null) continue;
      if (Array.isArray(c)) c.forEach(function (x) { if (x != null) el.appendChild(typeof x === 'string' ? document.createTextNode(x) : x); });
      else el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return el;
  }
  function link(href, text) { return h('a', { href: href, text: text }); }
  function field(id, label, input) { return [h('label', { 'for': id, text: label }), input]; }

  var data;

  function header() {
    return h('header', {},
      h('a', { href: '/', 'class': 'brand', text: 'Pemerintah ' + data.kota }),
      h('p', { text: data.tagline }),
      h('nav', { 'aria-label': 'Menu utama' }, h('ul', {}, data.menu.map(function (m) { return h('li', {}, link(m.path, m.label)); }))),
      searchForm());
  }

  function searchForm(value) {
    return h('form', { method: 'get', action: '/cari/', role: 'search', 'class': 'pencarian' },
      field('q', 'Cari di portal', h('input', { type: 'search', id: 'q', name: 'q', placeholder: 'Cari berita, layanan, dokumen…', value: value || null })),
      h('button', { type: 'submit', text: 'Cari' }));
  }

  function footer() {
    var k = data.kontak;
    return h('footer', {},
      h('h2', { text: 'Hubungi Kami' }),
      h('p', { text: k.alamat }),
      h('ul', {},
        h('li', {}, 'Telepon: ', link(k.telepon_uri, k.telepon)),
        h('li', {}, 'Email: ', link('mailto:' + k.email, k.email)),
        h('li', {}, 'WhatsApp: ', link(k.whatsapp, 'Chat WhatsApp Pemkot'))),
      h('ul', { 'class': 'sosial' }, k.sosial.map(function (s) { return h('li', {}, link(s.url, s.label)); })),
      h('p', {}, 'Laporkan juga melalui ', link('http://www.lapor.go.id/', 'SP4N-LAPOR!')),
      h('p', { text: '© 2026 Dinas Komunikasi dan Informatika ' + data.kota }));
  }

  function newsItem(b) {
    return h('article', { 'class': 'berita' },
      h('h3', {}, link('/berita/' + b.slug + '/', b.judul)),
      h('time', { datetime: b.tanggal, text: b.tanggal_teks }),
      h('p', { text: b.ringkas }));
  }

  var views = {
    home: function () {
      document.title = 'Beranda - Portal Resmi Pemerintah ' + data.kota;
      return [
        h('h1', { text: 'Selamat Datang di Portal Resmi ' + data.kota }),
        h('section', {}, h('h2', { text: 'Layanan Unggulan' }),
          h('ul', {},
            h('li', {}, link('/layanan/permohonan/', 'Ajukan permohonan akta kelahiran online')),
            h('li', {}, link('/lacak/', 'Cek status permohonan')),
            h('li', {}, link('/pengaduan/', 'Sampaikan pengaduan')),
            h('li', {}, link('/layanan/', 'Katalog layanan publik')))),
        h('section', {}, h('h2', { text: 'Berita Terbaru' }), data.berita.map(newsItem), link('/berita/', 'Indeks berita'))
      ];
    },
    profil: function () {
      var p = data.profil;
      document.title = 'Profil Kota - ' + data.kota;
      return [
        h('h1', { text: 'Profil ' + data.kota }),
        h('h2', { text: 'Sejarah' }), h('p', { text: p.sejarah }),
        h('h2', { text: 'Visi dan Misi' }), h('p', { text: p.visi }), h('ol', {}, p.misi.map(function (m) { return h('li', { text: m }); })),
        h('h2', { text: 'Pimpinan Daerah' }), h('p', { text: p.walikota }), h('p', { text: p.wakil }),
        h('h2', { text: 'Struktur Organisasi' }), h('p', { text: 'Sekretariat Daerah, 24 dinas dan badan, lima kecamatan dan 38 kelurahan.' })
      ];
    },
    berita: function () {
      document.title = 'Berita - ' + data.kota;
      return [h('h1', { text: 'Berita ' + data.kota }), data.berita.map(newsItem)];
    },
    artikel: function (slug) {
      var b = data.berita.filter(function (x) { return x.slug === slug; })[0];
      if (!b) return views.notFound();
      document.title = b.judul + ' - ' + data.kota;
      return [h('article', {}, h('h1', { text: b.judul }), h('time', { datetime: b.tanggal, text: b.tanggal_teks }),
        b.isi.map(function (t) { return h('p', { text: t }); })), link('/berita/', 'Kembali ke berita')];
    },
    layanan: function () {
      document.title = 'Layanan Publik - ' + data.kota;
      return [
        h('h1', { text: 'Katalog Layanan Publik' }),
        h('ul', {}, data.layanan.map(function (l) {
          return h('li', {}, link('/layanan/' + l.slug + '/', l.nama), ' — ' + l.opd + (l.online ? ' (bisa diajukan online)' : ''));
        })),
        h('p', {}, link('/layanan/permohonan/', 'Ajukan permohonan online'), ' · ', link('/lacak/', 'Lacak permohonan'))
      ];
    },
    layananDetail: function (slug) {
      var l = data.layanan.filter(function (x) { return x.slug === slug; })[0];
      if (!l) return views.notFound();
      document.title = l.nama + ' - Layanan ' + data.kota;
      return [h('h1', { text: l.nama }), h('p', { text: 'Penyelenggara: ' + l.opd }),
        h('h2', { text: 'Persyaratan' }), h('ul', {}, l.syarat.map(function (s) { return h('li', { text: s }); })),
        l.online ? h('p', {}, link('/layanan/permohonan/', 'Ajukan ' + l.nama + ' secara online')) : h('p', { text: 'Layanan ini diajukan langsung di Mal Pelayanan Publik.' })];
    },
    permohonan: function () {
      document.title = 'Permohonan Online - ' + data.kota;
      return [
        h('h1', { text: 'Permohonan Layanan Online' }),
        h('p', { text: 'Isi data pemohon, unggah dokumen persyaratan, lalu simpan nomor registrasi untuk memantau status.' }),
        h('form', { method: 'post', action: '/api/permohonan', enctype: 'multipart/form-data', 'class': 'form-permohonan' },
          h('fieldset', {}, h('legend', { text: 'Data pemohon' }),
            field('nik', 'NIK pemohon', h('input', { type: 'text', id: 'nik', name: 'nik', inputmode: 'numeric', maxlength: '16', required: true })),
            field('nama', 'Nama lengkap', h('input', { type: 'text', id: 'nama', name: 'nama', required: true })),
            field('jenis', 'Jenis layanan', h('select', { id: 'jenis', name: 'jenis' }, data.layanan.filter(function (l) { return l.online; }).map(function (l) { return h('option', { value: l.slug, text: l.nama }); })))),
          h('fieldset', {}, h('legend', { text: 'Unggah dokumen persyaratan' }),
            field('kk', 'Kartu Keluarga (PDF/JPG)', h('input', { type: 'file', id: 'kk', name: 'kk', accept: '.pdf,.jpg,.jpeg' })),
            field('lampiran', 'Dokumen pendukung', h('input', { type: 'file', id: 'lampiran', name: 'lampiran', accept: '.pdf,.jpg,.jpeg' }))),
          h('button', { type: 'submit', text: 'Kirim permohonan' }))
      ];
    },
    lacak: function () {
      document.title = 'Lacak Permohonan - ' + data.kota;
      return [
        h('h1', { text: 'Lacak Permohonan' }),
        h('form', { method: 'get', action: '/api/status', 'class': 'form-lacak' },
          field('noreg', 'Nomor registrasi', h('input', { type: 'text', id: 'noreg', name: 'nomor_registrasi', placeholder: 'KW-2026-000123' })),
          h('button', { type: 'submit', text: 'Cek status permohonan' }))
      ];
    },
    pengaduan: function () {
      document.title = 'Pengaduan Masyarakat - ' + data.kota;
      return [
        h('h1', { text: 'Pengaduan Masyarakat' }),
        h('p', { text: 'Sampaikan keluhan, kritik dan saran tentang pelayanan Pemerintah Kota Kali Wangi.' }),
        h('form', { method: 'post', action: '/api/pengaduan', 'class': 'form-pengaduan' },
          field('p-nama', 'Nama', h('input', { type: 'text', id: 'p-nama', name: 'nama' })),
          field('p-email', 'Email', h('input', { type: 'email', id: 'p-email', name: 'email' })),
          field('p-isi', 'Isi pengaduan', h('textarea', { id: 'p-isi', name: 'isi', rows: '5' })),
          h('button', { type: 'submit', text: 'Kirim pengaduan' })),
        h('p', {}, 'Pengaduan juga dapat disampaikan melalui ', link('http://www.lapor.go.id/', 'SP4N-LAPOR!'))
      ];
    },
    ppid: function () {
      document.title = 'PPID - ' + data.kota;
      return [
        h('h1', { text: 'PPID Kota Kali Wangi' }),
        h('p', { text: 'Pejabat Pengelola Informasi dan Dokumentasi: daftar informasi publik dan dokumen yang dapat diunduh.' }),
        h('ul', {}, data.ppid.dokumen.map(function (d) { return h('li', {}, link(d.url, d.judul)); }))
      ];
    },
    kontak: function () {
      document.title = 'Kontak - ' + data.kota;
      return [h('h1', { text: 'Kontak' }), h('p', { text: data.kontak.alamat }), h('p', { text: 'Jam layanan: Senin–Jumat 07.30–16.00 WIB.' })];
    },
    cari: function () {
      var q = new URLSearchParams(location.search).get('q') || '';
      document.title = 'Pencarian - ' + data.kota;
      var found = data.berita.filter(function (b) { return q && b.judul.toLowerCase().indexOf(q.toLowerCase()) >= 0; });
      return [h('h1', { text: 'Hasil Pencarian' }), searchForm(q),
        found.length ? found.map(newsItem) : h('p', { text: q ? 'Tidak ada hasil untuk "' + q + '".' : 'Ketik kata kunci untuk mencari.' })];
    },
    notFound: function () {
      document.title = 'Halaman tidak ditemukan - ' + data.kota;
      return [h('h1', { text: 'Halaman tidak ditemukan' }), link('/', 'Kembali ke beranda')];
    }
  };

  function route(path) {
    var parts = path.replace(/\/+$/, '').split('/').filter(Boolean);
    if (parts.length === 0) return views.home();
    var head = parts[0], rest = parts[1];
    if (head === 'profil') return views.profil();
    if (head === 'berita') return rest ? views.artikel(rest) : views.berita();
    if (head === 'layanan') return rest === 'permohonan' ? views.permohonan() : rest ? views.layananDetail(rest) : views.layanan();
    if (head === 'lacak') return views.lacak();
    if (head === 'pengaduan') return views.pengaduan();
    if (head === 'ppid') return views.ppid();
    if (head === 'kontak') return views.kontak();
    if (head === 'cari') return views.cari();
    return views.notFound();
  }

  function render() {
    var app = document.getElementById('app');
    app.textContent = '';
    app.appendChild(header());
    app.appendChild(h('main', { id: 'konten' }, route(location.pathname)));
    app.appendChild(footer());
  }

  // In-app navigation without reloading, like any SPA router.
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a[href^="/"]');
    if (!a || a.getAttribute('href').indexOf('/dokumen/') === 0 || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    history.pushState(null, '', a.getAttribute('href'));
    render();
    window.scrollTo(0, 0);
  });
  window.addEventListener('popstate', render);

  fetch('/data/portal.json', { headers: { accept: 'application/json' } })
    .then(function (r) { return r.json(); })
    .then(function (json) { data = json; render(); })
    .catch(function () { document.getElementById('app').textContent = 'Gagal memuat portal. Silakan muat ulang halaman.'; });
})();
