import { describe, expect, it } from 'vitest';
import { gatherPage } from '../../src/gather/gather.ts';
import type { FormFact } from '../../src/gather/types.ts';
import { ctxFor, page } from './helpers.ts';

function forms(body: string, url = 'https://kota.go.id/layanan/', head = ''): FormFact[] {
  return gatherPage(page(body, head), ctxFor(url)).forms;
}

describe('forms', () => {
  it('reads a complaint form with a file upload', () => {
    const [form, ...rest] = forms(`
      <h2>Layanan Pengaduan Masyarakat</h2>
      <p>Sampaikan keluhan Anda.</p>
      <form action="/pengaduan/kirim" method="POST" enctype="multipart/form-data" id="form-pengaduan" class="needs-validation">
        <fieldset>
          <legend>Data Pelapor</legend>
          <label for="nama">Nama Lengkap</label><input id="nama" name="nama" required>
          <label>No. HP <input type="tel" name="hp"></label>
          <input type="email" name="email" placeholder="Alamat email">
          <label>Kategori
            <select name="kategori"><option>Jalan Rusak</option><option>Sampah</option></select>
          </label>
          <textarea name="isi" aria-label="Isi pengaduan"></textarea>
          <input type="file" name="lampiran" accept="image/*">
          <input type="hidden" name="_token" value="x">
          <input type="checkbox" name="setuju" id="setuju"><label for="setuju">Saya setuju</label>
        </fieldset>
        <button type="submit" class="btn">Kirim Pengaduan</button>
      </form>`);
    expect(rest).toEqual([]);
    expect(form).toEqual({
      method: 'post',
      action: 'https://kota.go.id/pengaduan/kirim',
      fields: [
        { name: 'nama', kind: 'text', label: 'Nama Lengkap' },
        { name: 'hp', kind: 'tel', label: 'No. HP' },
        { name: 'email', kind: 'email', label: 'Alamat email' },
        { name: 'kategori', kind: 'select', label: 'Kategori' },
        { name: 'isi', kind: 'textarea', label: 'Isi pengaduan' },
        { name: 'lampiran', kind: 'file' },
        { name: '_token', kind: 'hidden' },
        { name: 'setuju', kind: 'checkbox', label: 'Saya setuju' },
        { name: '', kind: 'submit', label: 'Kirim Pengaduan' },
      ],
      text: 'Data Pelapor Kirim Pengaduan Layanan Pengaduan Masyarakat form pengaduan needs validation',
    });
  });

  it('reads a login form with a password field', () => {
    const [form] = forms(`
      <h3>Login Pegawai</h3>
      <form method="post" name="loginForm">
        <input type="text" name="username" placeholder="NIP">
        <input type="password" name="password" placeholder="Kata sandi">
        <input type="submit" value="Masuk">
      </form>`, 'https://simpeg.kota.go.id/login#top');
    expect(form).toEqual({
      method: 'post',
      action: 'https://simpeg.kota.go.id/login',
      fields: [
        { name: 'username', kind: 'text', label: 'NIP' },
        { name: 'password', kind: 'password', label: 'Kata sandi' },
        { name: '', kind: 'submit', label: 'Masuk' },
      ],
      text: 'Masuk Login Pegawai loginForm',
    });
  });

  it('reads a search form, GET by default', () => {
    const [form] = forms(`
      <form action="cari" role="search" class="search-form">
        <input type="search" name="q" aria-label="Cari berita">
        <button>Cari</button>
      </form>`);
    expect(form).toEqual({
      method: 'get',
      action: 'https://kota.go.id/layanan/cari',
      fields: [
        { name: 'q', kind: 'search', label: 'Cari berita' },
        { name: '', kind: 'submit', label: 'Cari' },
      ],
      text: 'Cari search form search',
    });
  });

  it.each([
    ['POST', 'post'],
    ['post ', 'post'],
    ['get', 'get'],
    ['dialog', 'get'],
    ['', 'get'],
  ])('method=%j is %s', (method, expected) => {
    expect(forms(`<form method="${method}"><input name="a"></form>`)[0]!.method).toBe(expected);
  });

  it('maps input types to field kinds', () => {
    const [form] = forms(`<form>
      <input name="a"><input type="TEXT" name="b"><input type="number" name="c"><input type="date" name="d">
      <input type="datetime-local" name="e"><input type="radio" name="f"><input type="color" name="g">
      <input type="url" name="h"><input type="image" src="go.png" alt="Kirim"><input type="reset" value="Ulang">
      <button type="button">Bantuan</button><button type="reset">Reset</button></form>`);
    expect(form!.fields.map((f) => f.kind)).toEqual([
      'text', 'text', 'number', 'date', 'date', 'radio', 'other', 'other', 'submit', 'other',
    ]);
    expect(form!.fields[8]!.label).toBe('Kirim');
    // Buttons that do not submit still tell what the form is for.
    expect(form!.text).toBe('Kirim Ulang Bantuan Reset');
  });

  it('takes labels from label[for] before a wrapping label, then placeholder, then aria-label', () => {
    const [form] = forms(`<form>
      <label for="x">Dari for</label>
      <label>Pembungkus <input id="x" name="x" placeholder="ph"></label>
      <label>Pembungkus saja <input name="y" placeholder="ph"></label>
      <input name="z" placeholder="Tempat" aria-label="Aria">
      <input name="w" aria-label="Hanya aria">
      <input name="v">
    </form>`);
    expect(form!.fields).toEqual([
      { name: 'x', kind: 'text', label: 'Dari for' },
      { name: 'y', kind: 'text', label: 'Pembungkus saja' },
      { name: 'z', kind: 'text', label: 'Tempat' },
      { name: 'w', kind: 'text', label: 'Hanya aria' },
      { name: 'v', kind: 'text' },
    ]);
  });

  it('resolves the action against <base href>, and uses the page URL when there is no action', () => {
    const found = forms('<form action="kirim.php"></form><form></form><form action="  "></form>', 'https://kota.go.id/a/b?x=1#f', '<base href="https://kota.go.id/app/">');
    expect(found.map((f) => f.action)).toEqual([
      'https://kota.go.id/app/kirim.php',
      'https://kota.go.id/a/b?x=1',
      'https://kota.go.id/a/b?x=1',
    ]);
  });

  it('includes controls tied to the form by a form= attribute', () => {
    const [form] = forms('<form id="f1" method="post"><input name="nik"></form><button form="f1">Daftar</button>');
    expect(form!.fields).toEqual([
      { name: 'nik', kind: 'text' },
      { name: '', kind: 'submit', label: 'Daftar' },
    ]);
    expect(form!.text).toContain('Daftar');
  });

  it('uses the nearest heading before the form, not an earlier one', () => {
    const [, second] = forms('<h2>Cari Berita</h2><form><input name="q"></form><h2>Survei Kepuasan</h2><div><form><input name="skor"></form></div>');
    expect(second!.text).toBe('Survei Kepuasan');
  });
});

describe('search boxes outside a form', () => {
  it('turns the controls under role="search" into one GET search form', () => {
    const found = forms(`<div role="search" aria-label="Pencarian situs" class="cari-box">
      <input type="text" id="kata" placeholder="Cari..."><button onclick="cari()">Cari</button></div>`);
    expect(found).toEqual([
      {
        method: 'get',
        action: 'https://kota.go.id/layanan/',
        fields: [
          { name: 'kata', kind: 'text', label: 'Cari...' },
          { name: '', kind: 'submit', label: 'Cari' },
        ],
        text: 'search Pencarian situs Cari cari box',
      },
    ]);
  });

  it('turns a lone input type=search into a search form', () => {
    const found = forms('<input type="search" name="q" placeholder="Cari layanan">');
    expect(found).toEqual([
      { method: 'get', action: 'https://kota.go.id/layanan/', fields: [{ name: 'q', kind: 'search', label: 'Cari layanan' }], text: 'q' },
    ]);
  });

  it('ignores other controls outside forms', () => {
    expect(forms('<select name="bahasa"><option>ID</option></select><input name="x"><button>Menu</button>')).toEqual([]);
  });
});
