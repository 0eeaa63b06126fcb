/**
 * The one script of every page (inline, with the response's nonce). Every page works without it; with it:
 *
 * - the frame follows the content's height, shrinking too: BX24.fitWindow measures the root element, which is
 *   never lower than the frame, so the page measures `<main>` and calls BX24.resizeWindow, once BX24 is
 *   ready and whenever the content changes size;
 * - times (`<time data-local>`) are shown in the reader's own time zone (the server can only write UTC);
 * - text fields with `data-max` count characters as the server does (code points, a line break as one),
 *   say how much room is left and when a paste was cut;
 * - going back never shows "Confirm Form Resubmission": each page replaces its history entry (a form POST) by
 *   a GET of the restore page with what it showed (`data-view`), and the restore page shows that again with a
 *   fresh token from BX24 (`form[data-resume]`); an entry whose restore already ran steps further back;
 * - a session that ended is renewed quietly: the error page's `form[data-resume="renew"]` gets a fresh token
 *   with BX24.refreshAuth and sends the user's action again;
 * - "Show more" (`form[data-more]`) adds the next page's articles below the list;
 * - `[data-close-app]` buttons (the message menu's slider) close the slider with BX24.closeApplication;
 * - `[data-retry]` buttons reload the frame through the portal;
 * - the field marked `autofocus` gets the cursor (browsers ignore the attribute in a cross-origin frame);
 * - after a new page, its top is brought into the portal's view (BX24.scrollParentWindow, see reveal below);
 * - a `[data-preview]` button (the editor's Preview) asks the server for the same page with the preview and
 *   puts its `#preview` in place and into view, keeping the form as it is (without the script, or when that fails, the button
 *   posts the form and the server's page shows the preview).
 */
export function pageScript(onBx24Ready = ''): string {
  return String.raw`(function(){
'use strict';
var B=null,main=null,fitted=0,pending=false;
function each(selector,fn){Array.prototype.forEach.call(document.querySelectorAll(selector),fn);}
function show(el,on){if(el)el.hidden=!on;}
function fit(){
  pending=false;
  if(!B||typeof B.resizeWindow!=='function'||!main)return;
  var bottom=main.getBoundingClientRect().bottom;
  // An open "⋯" menu floats over what follows it and may reach below the content.
  each('details[open] > .menu-items',function(menu){bottom=Math.max(bottom,menu.getBoundingClientRect().bottom+8);});
  var height=Math.max(1,Math.ceil(bottom+(window.pageYOffset||0)));
  if(height===fitted)return;
  fitted=height;
  var body=document.body;
  B.resizeWindow(Math.max(1,body.scrollWidth,body.offsetWidth),height);
}
function refit(){
  if(pending)return;
  pending=true;
  (window.requestAnimationFrame||setTimeout)(fit);
}
function reveal(el){
  // The frame is as tall as its content, so the portal's window scrolls, not the frame: after a new page (or
  // when the preview appears) what the user should see may lie above or below the portal's view. If the
  // element's top is out of view, BX24's setScroll scrolls the portal (window.scrollTo) to the element's
  // offset in the frame: it then shows where the frame's own top shows with the portal scrolled to the top.
  if(!B||typeof B.scrollParentWindow!=='function'||!el||!window.IntersectionObserver)return;
  var seen=new IntersectionObserver(function(entries){
    seen.disconnect();
    var entry=entries[entries.length-1];
    // In view: its top edge shows, and enough of it to read (a sliver at the portal's bottom edge is not).
    if(entry&&entry.isIntersecting&&entry.intersectionRect.top<=entry.boundingClientRect.top+1&&entry.intersectionRect.height>=Math.min(entry.boundingClientRect.height,120)-1)return;
    B.scrollParentWindow(Math.max(0,Math.floor(el.getBoundingClientRect().top+(window.pageYOffset||0)-8)));
  });
  seen.observe(el);
}
function localTimes(){
  if(!window.Intl)return;
  var lang=document.documentElement.lang||'en',formats={};
  try{
    formats.datetime=new Intl.DateTimeFormat(lang,{year:'numeric',month:'short',day:'numeric',hour:'2-digit',minute:'2-digit'});
    formats.day=new Intl.DateTimeFormat(lang,{year:'numeric',month:'short',day:'numeric'});
  }catch(e){return;}
  each('time[data-local]',function(el){
    var at=new Date(el.getAttribute('datetime')||''),format=formats[el.getAttribute('data-local')];
    if(format&&!isNaN(at.getTime()))el.textContent=format.format(at);
  });
}
function codePoints(text){
  var count=text.length;
  for(var i=1;i<text.length;i++){var c=text.charCodeAt(i),p=text.charCodeAt(i-1);if(c>=0xDC00&&c<=0xDFFF&&p>=0xD800&&p<=0xDBFF)count--;}
  return count;
}
function firstCodePoints(text,max){
  var count=0;
  for(var i=0;i<text.length;i++){
    if(count===max)return text.slice(0,i);
    var c=text.charCodeAt(i);
    if(c>=0xD800&&c<=0xDBFF&&i+1<text.length){var n=text.charCodeAt(i+1);if(n>=0xDC00&&n<=0xDFFF)i++;}
    count++;
  }
  return text;
}
function limits(){
  var lang=document.documentElement.lang||'en',numbers=window.Intl?new Intl.NumberFormat(lang):null,rules=window.Intl&&Intl.PluralRules?new Intl.PluralRules(lang):null;
  each('[data-max]',function(field){
    var max=Number(field.getAttribute('data-max')),counter=document.getElementById(field.getAttribute('data-counter')||''),cut=document.getElementById(field.getAttribute('data-cut')||'');
    if(!(max>0))return;
    // The browser's maxlength counts UTF-16 units; the server counts characters. This script counts like the server.
    field.removeAttribute('maxlength');
    function update(){
      if(!counter)return;
      var left=max-codePoints(field.value),category=rules?rules.select(left):'other';
      var template=counter.getAttribute('data-'+category)||counter.getAttribute('data-other')||'{count}';
      counter.textContent=template.replace('{count}',numbers?numbers.format(left):String(left));
      counter.classList.toggle('low',left<=max/20);
    }
    function trim(){
      if(codePoints(field.value)<=max)return;
      var at=field.selectionStart;
      field.value=firstCodePoints(field.value,max);
      if(typeof at==='number')field.selectionStart=field.selectionEnd=Math.min(at,field.value.length);
      show(cut,true);
    }
    field.addEventListener('paste',function(event){
      var data=event.clipboardData&&event.clipboardData.getData('text/plain');
      if(typeof data!=='string'||typeof field.selectionStart!=='number')return;
      if(field.tagName==='TEXTAREA')data=data.replace(/\r\n?/g,'\n');else data=data.replace(/[\r\n]+/g,' ');
      var value=field.value,start=field.selectionStart,end=field.selectionEnd;
      var room=max-codePoints(value.slice(0,start))-codePoints(value.slice(end));
      if(codePoints(data)<=room)return;
      event.preventDefault();
      field.setRangeText(firstCodePoints(data,Math.max(0,room)),start,end,'end');
      show(cut,true);
      field.dispatchEvent(new Event('input',{bubbles:true}));
    });
    field.addEventListener('input',function(){trim();update();});
    update();
  });
}
function restoreUrl(){return main&&main.getAttribute('data-restore');}
function remember(){
  var view=main&&main.getAttribute('data-view'),url=restoreUrl();
  if(!view||!url||!history.replaceState)return;
  try{history.replaceState({kb:JSON.parse(view)},'',url);}catch(e){}
}
function fill(form,name,value){
  var input=form.elements.namedItem(name);
  if(!input){input=document.createElement('input');input.type='hidden';input.name=name;form.appendChild(input);}
  input.value=value==null?'':String(value);
}
function seconds(auth){
  // BX24.getAuth() gives expires_in as the absolute time in ms; some versions give seconds.
  var value=Number(auth.expires_in)||0,left=value>1e11?Math.round((value-Date.now())/1000):value;
  return String(Math.max(1,Math.min(left||3600,86400)));
}
function withAuth(fresh,done,failed){
  if(!B||typeof B.refreshAuth!=='function'){failed();return;}
  var over=false,timer=setTimeout(function(){over=true;failed();},10000);
  function use(auth){
    if(over)return;
    clearTimeout(timer);
    if(auth&&auth.access_token)done(auth);else failed();
  }
  var current=!fresh&&typeof B.getAuth==='function'?B.getAuth():null;
  if(current&&current.access_token)use(current);else B.refreshAuth(use);
}
function resume(form){
  var mode=form.getAttribute('data-resume'),state=history.state&&history.state.kb,failedBox=form.querySelector('[data-failed]'),working=form.querySelector('[data-working]');
  function failed(){show(working,false);show(failedBox,true);refit();}
  if(mode==='restore'){
    if(!state||typeof state!=='object'||history.state.used){
      // Its view was shown again already: this entry only leads further back.
      if(history.state&&history.state.used){history.back();setTimeout(failed,1500);return;}
      failed();return;
    }
    ['then','id','q','dialog','version','entry'].forEach(function(name){if(typeof state[name]==='string')fill(form,name,state[name]);});
    fill(form,'PLACEMENT_OPTIONS',JSON.stringify({dialogId:state.dialog||''}));
  }
  withAuth(mode==='renew',function(auth){
    fill(form,'AUTH_ID',auth.access_token);
    fill(form,'REFRESH_ID',auth.refresh_token||'');
    fill(form,'AUTH_EXPIRES',seconds(auth));
    // The POST below adds a history entry; coming back to this one must not send it again.
    if(history.replaceState){try{history.replaceState({kb:state||null,used:true},'',restoreUrl()||location.href);}catch(e){}}
    form.submit();
  },failed);
}
function moreInPlace(){
  // "Show more" adds the next page's articles below instead of replacing the list; without the script (or when
  // the fetch fails) the form shows the next page as a page of its own.
  document.addEventListener('submit',function(event){
    var form=event.target;
    if(!form||!form.hasAttribute||!form.hasAttribute('data-more')||!window.fetch||!window.DOMParser||!window.URLSearchParams||form.getAttribute('data-posting'))return;
    event.preventDefault();
    var button=form.querySelector('button');
    if(button)button.setAttribute('aria-busy','true');
    fetch(form.getAttribute('action'),{method:'POST',body:new URLSearchParams(new FormData(form)),credentials:'same-origin'}).then(function(response){
      if(!response.ok)throw new Error('more '+response.status);
      return response.text();
    }).then(function(text){
      var fresh=new DOMParser().parseFromString(text,'text/html'),page=fresh.querySelector('form[data-page]'),more=fresh.querySelector('form[data-more]');
      if(!page)throw new Error('no page');
      form.parentNode.insertBefore(document.importNode(page,true),form);
      if(more)form.parentNode.replaceChild(document.importNode(more,true),form);else form.parentNode.removeChild(form);
      localTimes();
      refit();
    }).catch(function(){
      if(button)button.removeAttribute('aria-busy');
      form.setAttribute('data-posting','1');
      form.submit();
    });
  });
}
function previews(){
  each('[data-preview]',function(button){
    button.addEventListener('click',function(event){
      var form=button.form,target=document.getElementById('preview'),url=button.getAttribute('formaction');
      if(!form||!target||!url||!window.fetch||!window.DOMParser||!window.URLSearchParams||button.getAttribute('data-posting'))return;
      event.preventDefault();
      var fields=new URLSearchParams();
      Array.prototype.forEach.call(form.elements,function(el){
        if(!el.name||el.disabled||el.tagName==='BUTTON'||((el.type==='checkbox'||el.type==='radio')&&!el.checked))return;
        fields.append(el.name,el.value);
      });
      button.setAttribute('aria-busy','true');
      fetch(url,{method:'POST',body:fields,credentials:'same-origin'}).then(function(response){
        if(!response.ok)throw new Error('preview '+response.status);
        return response.text();
      }).then(function(text){
        var fresh=new DOMParser().parseFromString(text,'text/html').getElementById('preview');
        if(!fresh)throw new Error('no preview');
        while(target.firstChild)target.removeChild(target.firstChild);
        Array.prototype.forEach.call(fresh.childNodes,function(node){target.appendChild(document.importNode(node,true));});
        target.hidden=false;
        button.removeAttribute('aria-busy');
        refit();
        reveal(target);
      }).catch(function(){
        // The server's own page then: it shows the preview, or why it could not (an ended session is renewed).
        button.removeAttribute('aria-busy');
        button.setAttribute('data-posting','1');
        if(form.requestSubmit)form.requestSubmit(button);else{form.action=url;form.submit();}
      });
    });
  });
}
document.addEventListener('DOMContentLoaded',function(){
  B=window.BX24&&typeof window.BX24.init==='function'?window.BX24:null;
  main=document.querySelector('main');
  // The server's preview page is asked for as …/preview#preview: that is what to show of it.
  var shown=location.hash==='#preview'&&document.getElementById('preview')||main;
  // Browsers ignore autofocus in a frame from another origin (the portal's): focus the field here.
  var first=document.querySelector('[autofocus]');
  if(first&&document.activeElement!==first){try{first.focus({preventScroll:true});}catch(e){}}
  localTimes();
  limits();
  previews();
  moreInPlace();
  remember();
  // The message menu's slider: Close and Cancel ask the portal to close it (the form's page says it may be closed).
  each('[data-close-app]',function(el){el.addEventListener('click',function(event){if(B&&typeof B.closeApplication==='function'){event.preventDefault();B.closeApplication();}});});
  each('[data-retry]',function(el){el.addEventListener('click',function(){if(B&&typeof B.reloadWindow==='function')B.reloadWindow();else location.reload();});});
  each('form[data-resume]',function(form){
    form.addEventListener('submit',function(event){if(!form.elements.namedItem('AUTH_ID')||!form.elements.namedItem('AUTH_ID').value){event.preventDefault();resume(form);}});
  });
  // Resuming needs BX24: say what is being done, or at once why it cannot be.
  each('form[data-resume] [data-working]',function(el){show(el,!!B);});
  each('form[data-resume] [data-failed]',function(el){show(el,!B);});
  if(!B)return;
  B.init(function(){
    ${onBx24Ready}
    fit();
    reveal(shown);
    if(window.ResizeObserver&&main)new ResizeObserver(refit).observe(main);
    document.addEventListener('toggle',refit,true);
    window.addEventListener('load',refit);
    each('form[data-resume]',resume);
  });
});
window.addEventListener('pageshow',function(event){if(event.persisted&&history.state&&history.state.used)history.back();});
})();`;
}
